"""Regulations, laws and 办法 (第X编/章/节, 第X条, 款, （一） 项): one 款 a clause, one 项 when the 款 is long;
cited 第三十七条第三款, 第六条第二款第（一）项, a single-paragraph article as 第六十六条."""
from __future__ import annotations

import re
from dataclasses import replace

from ..structure import CIRCLED, cn_to_int, code_part, int_to_cn
from .base import ADOPTION, Family  # noqa: F401  (ADOPTION re-exported for metadata inference)



def count_articles(headings: list) -> int:
    """Distinct article numbers among the headings."""
    return len({(h.number, h.sub) for h in headings if h.family == "tiao"})


class RegulationFamily(Family):
    name = "regulation"
    merge_short = False  # every paragraph of an article is a 款 of its own, however short
    item_titles_are_text = True  # （七）海事案件的申请费按照下列标准交纳： is a 项, not a heading to drop

    def arrange(self, blocks: list, cap: int) -> list:
        out: list = []
        groups: list[list] = []  # one 款 and its 项, in order
        article_key, kuan = None, 0
        for b in super().arrange(blocks, cap):
            at = _article_index(b)
            if b.kind != "paragraph" or at is None:
                out.append(b)
                continue
            article = b.headings[: at + 1]
            key = ".".join(code_part(h) for h in article)
            if key != article_key:
                article_key, kuan = key, 0
            item = b.headings[at + 1] if len(b.headings) > at + 1 else None
            if item is not None and b.inline and len(b.headings) == at + 2:
                piece = replace(b, headings=article, texts=[item.marker + "".join(b.texts)], marker=item.marker, lead="",
                                starts=[b.starts[0] - len(item.marker)] + b.starts[1:])
                if groups and groups[-1][0].local.startswith(key + ".p") and _continues(groups[-1], item.marker):
                    groups[-1].append(piece)
                    continue
                # items with no 款 before them form the article's first 款; an item numbered again from
                # （一） (or not after the last one) opens a new 款, so a 款's item numbers, and ids, never repeat
                kuan += 1
                head = replace(piece, texts=[], starts=[], marker="", local=f"{key}.p{kuan}", ordinal=kuan)
                groups.append([head, piece])
                out.append(groups[-1])
                continue
            if item is not None and groups and groups[-1][0].local.startswith(key + ".p") and (
                    not _is_new_kuan(b) or _introduces(groups[-1][-1])):
                # a sub-item （1） / ① inside an item, or the lines an item ending in ： introduces: they are the
                # item's words (its marker stays in the text, as the article reads)
                marker = b.headings[-1].marker if b.inline else ""
                groups[-1][-1].texts.extend([marker + b.texts[0]] + b.texts[1:])
                groups[-1][-1].starts.extend([b.starts[0] - len(marker)] + b.starts[1:])
                continue
            kuan += 1
            head = replace(b, headings=article, local=f"{key}.p{kuan}", ordinal=kuan)
            groups.append([head])
            out.append(groups[-1])
        kuans: dict[str, int] = {}
        for g in groups:
            art = g[0].local.rsplit(".p", 1)[0]
            kuans[art] = max(kuans.get(art, 0), g[0].ordinal)
        flat: list = []
        for entry in out:
            flat.extend(_unfold(entry, cap, kuans) if isinstance(entry, list) else [entry])
        return flat


def _article_index(b) -> int | None:
    """Position of the 第X条 heading in a block's path, or None."""
    return next((i for i, h in enumerate(b.headings) if h.family == "tiao"), None)


def _continues(group: list, marker: str) -> bool:
    """The item numbered by marker comes after the 款's last item (or the 款 has none yet)."""
    items = group[1:]
    return not items or re_number(marker) > re_number(items[-1].marker)


def _introduces(piece) -> bool:
    """An item (not a 款's lead) whose words end in a colon: what follows it is the item's list or table."""
    return bool(piece.marker) and bool(piece.texts) and piece.texts[-1].rstrip().endswith(("：", ":"))


def _is_new_kuan(b) -> bool:
    """A plain paragraph after an article's items starts a new 款 (it is not marked as an item)."""
    return not b.inline


def _unfold(group: list, cap: int, kuans: dict[str, int]) -> list:
    """One 款 (with its 项) as one block, or the 款 and each 项 as blocks of their own when it is long."""
    head, items = group[0], group[1:]
    art_key, kuan = head.local.rsplit(".p", 1)[0], head.ordinal
    article = next(h for h in head.headings if h.family == "tiao").marker
    single = kuans.get(art_key, 1) == 1
    kuan_label = article if single else f"{article}第{int_to_cn(kuan)}款"
    text = "".join(head.texts) + "".join("".join(i.texts) for i in items)
    # An enumeration longer than half a clause is cited by its 项, one matter each (第六条第二款第（四）项 is
    # the 重要人事任免 alone); a short list stays with its 款.
    if not items or len(text) <= cap // 2:
        texts = head.texts + [t for i in items for t in i.texts]
        starts = head.starts + [s for i in items for s in i.starts]
        return [replace(head, texts=texts, starts=starts, label=kuan_label)]
    out = [replace(head, label=kuan_label)] if head.texts else []
    for n, item in enumerate(items, 1):
        number = re_number(item.marker) or n
        out.append(replace(item, local=f"{head.local}.i{number}", ordinal=kuan, label=f"{kuan_label}第{_cited(item.marker)}项"))
    return out


def _cited(marker: str) -> str:
    """An item marker as a citation writes it: (一) -> （一）, 七、 -> 七, 3. -> 3."""
    inner = re.sub(r"^[（(]\s*|\s*[）)]$", "", marker)
    return f"（{inner}）" if inner != marker else marker.rstrip("、.．")


def re_number(marker: str) -> int:
    """（十二） -> 12, 3. -> 3, ④ -> 4: an item marker's number."""
    if len(marker) == 1 and marker in CIRCLED:
        return CIRCLED.index(marker) + 1
    return cn_to_int(re.sub(r"[^\d零〇一二三四五六七八九十百千两]", "", marker))
