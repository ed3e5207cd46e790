"""方案/意见 whose items （一）…（二十九） run on across parts 一、…六、: cited by item, （十） or （五）第2段."""
from __future__ import annotations

from ..structure import citation_part, code_part
from .base import Family


def items_run_on(headings: list) -> bool:
    """Whether the items directly under the parts keep counting across parts (part 二 opens with （六）)
    instead of restarting at （一） in every part."""
    firsts_lasts: list[tuple[int, int]] = []
    part_open = False
    for h in headings:
        if h.family == "cn":
            part_open = True
            firsts_lasts.append((0, 0))
        elif h.family == "cnparen" and part_open and h.number:
            first, _ = firsts_lasts[-1]
            firsts_lasts[-1] = (first or h.number, h.number)
        elif h.family in ("bian", "zhang", "jie", "tiao"):
            return False
    parts = [fl for fl in firsts_lasts if fl[0]]
    if len(parts) < 2:
        return False
    return all(b[0] == a[1] + 1 for a, b in zip(parts, parts[1:]))


class ProgrammeFamily(Family):
    """An item is cited by its own number; the part it sits in stays in the path, not in the label."""

    name = "programme"

    def label_blocks(self, blocks: list) -> None:
        counts: dict[str, int] = {}
        keyed = []
        for b in blocks:
            if b.kind != "paragraph" or not b.headings:
                continue
            at = next((i for i, h in enumerate(b.headings) if h.family == "cnparen"), None)
            if at is None:
                continue  # a part's own paragraphs keep the default label (一第1段)
            key = ".".join(code_part(h) for h in b.headings)
            counts[key] = counts.get(key, 0) + 1
            keyed.append((b, key, counts[key], at))
        for b, key, n, at in keyed:
            marker = "".join(citation_part(h) if h.marker else f"“{h.title}”" for h in b.headings[at:])
            b.label = marker if counts[key] == 1 else f"{marker}第{n}段"
