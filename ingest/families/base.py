"""What every document family provides: how its blocks become citable units and how they are labelled."""
from __future__ import annotations

import re
from dataclasses import replace

# 2023年1月9日 广东省第十三届人民代表大会常务委员会第四十八次会议通过 (also in brackets, or 修正/修订): the
# 题注 under a law's title, kept as front matter, not as its title or preamble
ADOPTION = re.compile(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(.{4,80}?)(?:通过|修正|修订|公布|批准)")


class Family:
    """The default family: clauses are paragraphs under headings, labelled by the headings' markers."""

    name = "plan"
    merge_short = True  # glue fragments shorter than the floor to a neighbour (a 款 is never glued)
    item_titles_are_text = False  # a short numbered item is the document's words, not only a heading (laws)

    def arrange(self, blocks: list, cap: int) -> list:
        """Regroup or relabel blocks (split.Block) before they become clauses; the default marks the adoption
        and revision lines above the body (题注) as front matter."""
        return [replace(b, kind="front_matter", label="题注", section="front")
                if b.kind in ("title", "preamble") and not b.headings and ADOPTION.match(b.texts[0]) else b
                for b in blocks]

    def label_blocks(self, blocks: list) -> None:
        """Set block.label (citation without the title) where this family cites differently from the default."""
