"""What every document family provides: how its blocks become citable units and how they are labelled."""
from __future__ import annotations


class Family:
    """The default family: clauses are paragraphs under headings, labelled by the headings' markers."""

    name = "plan"
    merge_short = True  # glue fragments shorter than the floor to a neighbour (a 款 is never glued)

    def arrange(self, blocks: list, cap: int) -> list:
        """Regroup or relabel blocks (split.Block) before they become clauses; the default keeps them."""
        return blocks

    def label_blocks(self, blocks: list) -> None:
        """Set block.label (citation without the title) where this family cites differently from the default."""
