"""Display-only script conversion: Simplified document text shown in Traditional when the reader wants it."""
from __future__ import annotations

from ingest.chars import converter

SCRIPTS = ("zh-Hans", "zh-Hant")


def to_script(text: str, script: str) -> str:
    """Text in the reader's script; the stored clause text is never changed, only what is displayed."""
    if script == "zh-Hant" and text:
        # Hong Kong/Macau forms (為, 裏), as Macau readers write them; plain s2t gives OpenCC's 爲
        return converter("s2hk").convert(text)
    return text


def to_simplified(text: str) -> str:
    """For matching a Traditional display string back to the document's Simplified wording."""
    return converter("t2s").convert(text) if text else text
